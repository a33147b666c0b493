package dev.wsengine.runtime;

/**
 * The life of a {@link WebSocketEngine}.
 *
 * <pre>
 * NEW ──start()──▶ STARTING ──open + @OnOpen ok──▶ RUNNING ◀──reconnected── RESTARTING
 *                     │                               │  └──connection lost / restart()──▶┘ │
 *                     │ failed                         │ stop() / exit()                     │ stop() / exit() / gave up
 *                     ▼                                ▼                                     ▼
 *                  STOPPING ◀──────────────────────────┴─────────────────────────────────────┘
 *                     │ every engine thread has ended
 *                     ▼
 *                  STOPPED ──start()──▶ STARTING
 * </pre>
 */
public enum EngineState {
  /** Built, never started. */
  NEW,
  /** {@code start()} is opening the first connection and running {@code @OnOpen}. */
  STARTING,
  /** A session is open and the readers are reading. */
  RUNNING,
  /** The session ended; the engine is re-dialing with its reconnect policy. */
  RESTARTING,
  /** Shutting down: closing the session, waiting for the engine's threads to end. */
  STOPPING,
  /** No session, no engine thread. May be started again. */
  STOPPED
}
