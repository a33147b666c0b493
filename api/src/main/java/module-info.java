/**
 * The wsengine API: the six callback annotations, the types a handler method may declare as
 * parameters, and the service-provider interfaces for generated dispatchers and transports.
 *
 * <p>{@code dev.wsengine.internal} is exported only because generated code, the processor and the
 * runtime share it; it is not API and may change in any release.
 */
module dev.wsengine.api {
  exports dev.wsengine;
  exports dev.wsengine.spi;
  exports dev.wsengine.internal;
}
