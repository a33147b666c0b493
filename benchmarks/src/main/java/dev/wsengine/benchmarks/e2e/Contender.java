package dev.wsengine.benchmarks.e2e;

import java.io.IOException;
import java.net.URI;

/** A client under test: the engine in some configuration, or a plain Tyrus client. */
interface Contender {
  /** How it shows in the report. */
  String name();

  /** Connects to {@code uri}; each message goes to {@code behaviour}. */
  Client connect(URI uri, Behaviour behaviour) throws Exception;

  /** One connected client. */
  interface Client extends AutoCloseable {
    /** Sends from the benchmark's thread (commands, and the first message of a ping-pong). */
    void send(String text) throws IOException;

    /** Disconnects and lets go of every thread. */
    @Override
    void close() throws IOException;
  }
}
