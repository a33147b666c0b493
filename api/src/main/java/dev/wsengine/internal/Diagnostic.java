package dev.wsengine.internal;

/**
 * Every problem a handler class can have, worded once: the rule first, then what was found, then a
 * hint where one helps. The processor reports these as compiler errors; the runtime fallback throws
 * them with {@code for method X.y} added. Not API.
 */
public enum Diagnostic {
  NOT_A_CLASS("callback methods must be declared in a class; '%s' is %s"),
  CLASS_PRIVATE("handler classes must not be private; '%s' is private"),
  CLASS_IN_PRIVATE_CLASS(
      "handler classes must be accessible from their package; '%s' is nested in private class '%s'"),
  CLASS_INNER(
      "handler classes must be top-level or static nested classes; '%s' is an inner class."
          + " Did you mean to make it static?"),
  CLASS_LOCAL(
      "handler classes must be top-level or static nested classes; '%s' is a local class."
          + " Move it out of the method"),
  CLASS_ANONYMOUS(
      "handler classes must be top-level or static nested classes; this one is anonymous."
          + " Declare a named class instead"),
  NO_CALLBACKS(
      "handler classes must declare at least one method annotated @OnOpen, @OnMessage, @OnClose,"
          + " @OnReadError, @OnCloseError or @OnRestartError; '%s' has none"),
  TWO_ANNOTATIONS("callback methods carry one callback annotation; '%s' has %s and %s"),
  METHOD_PRIVATE("%s methods must not be private; '%s' is private"),
  METHOD_STATIC("%s methods must not be static; '%s' is static"),
  METHOD_ABSTRACT("%s methods must not be abstract; '%s' is abstract"),
  METHOD_TYPE_PARAMETERS("%s methods must not declare type parameters; '%s' declares %s"),
  METHOD_INHERITED_NOT_PUBLIC(
      "%s methods inherited from another package must be public; '%s' of '%s' is %s"),
  PARAMETER_NOT_ACCEPTED("%s methods accept parameters of type %s; '%s' declares %s"),
  PARAMETER_TWICE("%s methods take each parameter type at most once; '%s' declares %s twice"),
  MESSAGE_PARAMETER_MISSING(
      "@OnMessage methods take exactly one message parameter (String, byte[], ByteBuffer,"
          + " Message or a decoded type); '%s' declares none"),
  MESSAGE_PARAMETER_EXTRA(
      "@OnMessage methods take exactly one message parameter (String, byte[], ByteBuffer,"
          + " Message or a decoded type); '%s' declares %s and also %s"),
  NO_DECODER(
      "typed @OnMessage parameters need a decoder that produces them; '%s' takes %s, and %s"),
  NO_ENCODER("typed @OnMessage replies need an encoder that takes them; '%s' returns %s, and %s"),
  TYPE_PRIVATE(
      "typed @OnMessage parameters and replies must be accessible from the handler's package;"
          + " '%s' %s %s, which is private or nested in a private class"),
  DECODED_TYPE_TWICE(
      "handler classes have at most one @OnMessage method per decoded type; '%s' takes %s, as"
          + " '%s' does"),
  NOT_A_CODEC(
      "@Codecs %s must implement %s.Text or %s.Binary (of dev.wsengine or jakarta.websocket);"
          + " '%s' implements neither"),
  CODEC_NOT_INSTANTIABLE(
      "@Codecs %s must be public, concrete classes with a public no-argument constructor, so that"
          + " the engine can make one; '%s' %s"),
  CODEC_TYPE_UNBOUND(
      "@Codecs %s must bind the type they %s; '%s' implements %s with %s unbound. Declare a"
          + " subclass that binds it, such as 'class TickCodec extends %s<Tick>'"),
  UNREACHABLE(
      "@OnMessage method '%s' is never called: every %s a decoder can produce goes to a more"
          + " specific method (%s)",
      true),
  RETURN_NOT_ACCEPTED("%s methods return %s; '%s' returns %s"),
  CALLBACK_TWICE("handler classes have at most one %s method; '%s' is another, after '%s'"),
  MESSAGE_KIND_TWICE(
      "handler classes have at most one @OnMessage method per message kind; '%s' receives %s"
          + " messages, as '%s' does"),
  INTERNAL_ERROR(
      "wsengine-processor failed on '%s'; this is a bug in wsengine, please report it with this"
          + " trace:%n%s");

  private final String template;
  private final boolean warning;

  Diagnostic(String template) {
    this(template, false);
  }

  Diagnostic(String template, boolean warning) {
    this.template = template;
    this.warning = warning;
  }

  /** Whether the problem is a warning: the handler is valid all the same. */
  public boolean isWarning() {
    return warning;
  }

  /** The message for these facts. */
  public String format(Object... facts) {
    return String.format(template, facts);
  }
}
