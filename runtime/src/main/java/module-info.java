/** The wsengine engine. */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.wsengine.runtime {
  requires transitive dev.wsengine.api;
  requires transitive io.opentelemetry.api;
  // Context and Scope, to make the engine's spans current around callbacks.
  requires io.opentelemetry.context;
  requires net.bytebuddy;
  requires static com.google.errorprone.annotations;
  // jakarta.websocket decoders and encoders, when the application has them.
  requires static jakarta.websocket.client;

  exports dev.wsengine.runtime;

  uses dev.wsengine.spi.Transport;
}
