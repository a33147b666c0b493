/** The wsengine engine. */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.wsengine.runtime {
  requires transitive dev.wsengine.api;
  requires transitive io.opentelemetry.api;
  requires net.bytebuddy;

  exports dev.wsengine.runtime;
}
