package dev.wsengine.tyrus.internal;

import java.nio.ByteBuffer;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Not API. Tells a connect at once that its TLS failed before the WebSocket handshake completed.
 * With TLS 1.3 a server that refuses the client's certificate (none, or one it does not trust) says
 * so with an alert after the client has finished its side of the TLS handshake; Grizzly meets it
 * while reading the response to the upgrade request and closes the connection, and Tyrus, which is
 * not told of a close before its 101 response, would wait for the whole handshake timeout. The
 * transport hands Tyrus an {@link SSLContext} {@link #wrap wrapped} here, whose engines report the
 * {@link SSLException} of a wrap or unwrap to this sink; {@link GuardedGrizzlyContainer} points the
 * sink at the connect's Tyrus engine, which then fails the connect with it.
 *
 * <p>Threads: reported from Grizzly's threads; the target is volatile and taken once.
 */
public final class TlsFailures {
  private final AtomicReference<Consumer<SSLException>> target = new AtomicReference<>();

  /** A sink with no target yet. */
  public TlsFailures() {}

  /** {@code context}, with engines that report their failures here. */
  public SSLContext wrap(SSLContext context) {
    return new SSLContext(new Spi(context, this), context.getProvider(), context.getProtocol()) {};
  }

  /** Where failures go from now on (the connect's engine), until {@link #detach}. */
  void attach(Consumer<SSLException> failures) {
    target.set(failures);
  }

  /** No failure goes anywhere from now on: the WebSocket handshake is done. */
  void detach() {
    target.set(null);
  }

  /** Passes the first failure to the target, once. */
  void report(SSLException failure) {
    Consumer<SSLException> to = target.getAndSet(null);
    if (to != null) {
      to.accept(failure);
    }
  }

  private static final class Spi extends SSLContextSpi {
    private final SSLContext context;
    private final TlsFailures sink;

    Spi(SSLContext context, TlsFailures sink) {
      this.context = context;
      this.sink = sink;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr)
        throws KeyManagementException {
      throw new KeyManagementException("initialized already");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return context.getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return context.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return new Engine(context.createSSLEngine(), sink);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return new Engine(context.createSSLEngine(host, port), sink);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return context.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return context.getClientSessionContext();
    }
  }

  /** Delegates everything, and reports the SSLExceptions of wrap and unwrap to the sink. */
  private static final class Engine extends SSLEngine {
    private final SSLEngine engine;
    private final TlsFailures sink;

    Engine(SSLEngine engine, TlsFailures sink) {
      super(engine.getPeerHost(), engine.getPeerPort());
      this.engine = engine;
      this.sink = sink;
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
      engine.setSSLParameters(params);
    }

    @Override
    public SSLParameters getSSLParameters() {
      return engine.getSSLParameters();
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst)
        throws SSLException {
      try {
        return engine.wrap(srcs, offset, length, dst);
      } catch (SSLException e) {
        sink.report(e);
        throw e;
      }
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length)
        throws SSLException {
      try {
        return engine.unwrap(src, dsts, offset, length);
      } catch (SSLException e) {
        sink.report(e);
        throw e;
      }
    }

    @Override
    public Runnable getDelegatedTask() {
      return engine.getDelegatedTask();
    }

    @Override
    public void closeInbound() throws SSLException {
      engine.closeInbound();
    }

    @Override
    public boolean isInboundDone() {
      return engine.isInboundDone();
    }

    @Override
    public void closeOutbound() {
      engine.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
      return engine.isOutboundDone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return engine.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
      return engine.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
      engine.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
      return engine.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
      return engine.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
      engine.setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getSession() {
      return engine.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
      return engine.getHandshakeSession();
    }

    @Override
    public void beginHandshake() throws SSLException {
      engine.beginHandshake();
    }

    @Override
    public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
      return engine.getHandshakeStatus();
    }

    @Override
    public void setUseClientMode(boolean mode) {
      engine.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
      return engine.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
      engine.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
      return engine.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
      engine.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
      return engine.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
      engine.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
      return engine.getEnableSessionCreation();
    }

    @Override
    public String getApplicationProtocol() {
      return engine.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
      return engine.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(
        BiFunction<SSLEngine, List<String>, String> selector) {
      engine.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
      return engine.getHandshakeApplicationProtocolSelector();
    }
  }
}
