/**
 * The wsengine API: the six callback annotations, the types a handler method may declare as
 * parameters, and the service-provider interfaces for generated dispatchers and transports.
 *
 * <p>{@code dev.wsengine.internal} is not API: it is exported only to the processor, the runtime
 * the Tyrus and JDK transports and the test kit, which share it, and may change in any release.
 * Generated dispatchers use {@code dev.wsengine} and {@code dev.wsengine.spi} only, so a handler in
 * a named module needs nothing from it. On the class path (the processor's usual place) module
 * exports do not apply.
 */
// "module": javac warns that the modules named below are not found while api compiles alone;
// they are its users, built after it.
@SuppressWarnings("module")
module dev.wsengine.api {
  exports dev.wsengine;
  exports dev.wsengine.spi;
  exports dev.wsengine.internal to
      dev.wsengine.jdk,
      dev.wsengine.processor,
      dev.wsengine.runtime,
      dev.wsengine.testing,
      dev.wsengine.tyrus;
}
