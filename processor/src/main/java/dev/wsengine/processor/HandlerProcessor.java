package dev.wsengine.processor;

import com.squareup.javapoet.JavaFile;
import dev.wsengine.Codecs;
import dev.wsengine.internal.CallbackKind;
import dev.wsengine.internal.Diagnostic;
import dev.wsengine.internal.HandlerRules;
import dev.wsengine.internal.Problem;
import dev.wsengine.processor.generation.DispatcherGenerator;
import dev.wsengine.processor.model.HandlerScanner;
import dev.wsengine.processor.model.ScannedHandler;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic.Kind;

/**
 * Checks every class that has methods annotated with the six wsengine callback annotations, or that
 * is annotated {@code @Codecs}, and generates a {@code Foo_Dispatcher} for each valid one.
 *
 * <p>Every problem of every class is reported at once, each on the element it concerns (the class,
 * the method with its annotation, the parameter, or the class literal in {@code @Codecs}), in the
 * words of the shared {@link Diagnostic} catalogue; warnings (a method no message can reach) go on
 * the method. A class whose parameter types or codec classes are not resolved yet (they come from
 * another processor) is put off to the next round. The processor never throws into javac: an
 * internal failure is an error on the class, with the stack trace.
 *
 * <p>Isolating in Gradle's terms: each dispatcher depends only on its handler class and that
 * class's supertypes, and names the handler as its only originating element.
 */
public class HandlerProcessor extends AbstractProcessor {
  private static final String GENERATED = "javax.annotation.processing.Generated";
  private static final String CODECS = Codecs.class.getCanonicalName();

  private HandlerScanner scanner;
  private DispatcherGenerator generator;
  private ElementLocator locator;

  /** Handlers put off to a later round, by qualified name (elements do not survive rounds). */
  private final Set<String> deferred = new LinkedHashSet<>();

  /** Handlers already handled, so that no class is reported or generated twice. */
  private final Set<String> done = new HashSet<>();

  /**
   * Problems already reported on a {@code @Codecs} class literal: a superclass's annotation is
   * checked with each handler that inherits it, and one error there is enough.
   */
  private final Set<String> reportedOnCodecs = new HashSet<>();

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    scanner = new HandlerScanner(processingEnv.getElementUtils(), processingEnv.getTypeUtils());
    generator =
        new DispatcherGenerator(
            processingEnv.getElementUtils(),
            processingEnv.getTypeUtils(),
            HandlerProcessor.class.getName());
    locator = new ElementLocator(processingEnv);
  }

  /**
   * The six callback annotations and {@code @Codecs}, which make a class a handler, and
   * {@code @Generated}: the dispatchers carry it, and a round in which no processor claims it makes
   * {@code -Xlint:processing} warn, which fails builds that use {@code -Werror}. No processor acts
   * on {@code @Generated}, so claiming it takes nothing away.
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    Set<String> names = new LinkedHashSet<>();
    Arrays.stream(CallbackKind.values()).map(CallbackKind::annotationName).forEach(names::add);
    names.add(CODECS);
    names.add(GENERATED);
    return names;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  @SuppressWarnings("DoNotClaimAnnotations") // see the comment at the return
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Set<TypeElement> handlers = new LinkedHashSet<>();
    for (String name : deferred) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type != null) {
        handlers.add(type);
      }
    }
    deferred.clear();
    for (TypeElement annotation : annotations) {
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        if (element.getKind() == ElementKind.METHOD
            && element.getEnclosingElement() instanceof TypeElement enclosing) {
          handlers.add(enclosing);
        } else if (element instanceof TypeElement type
            && carriesCodecs(type)
            && !scanner.scan(type).shape().methods().isEmpty()) {
          // Only where it is written, and only on a class with callbacks (its own or inherited):
          // a class that only declares codecs, for subclasses to inherit, is not a handler.
          handlers.add(type);
        }
      }
    }
    for (TypeElement handler : handlers) {
      try {
        processHandler(handler, round.processingOver());
      } catch (Throwable t) {
        // Never into javac: a crash there hides every other error of the build.
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        error(Diagnostic.INTERNAL_ERROR.format(handler.getQualifiedName(), trace), handler, null);
      }
    }
    // The callback annotations and @Codecs are ours alone, and no processor acts on @Generated.
    // javac's -Xlint:processing warns about any annotation no processor claims, and users who
    // build with -Xlint:all -Werror would fail on their own handler classes if we returned false.
    return true;
  }

  /** Checks one handler class and generates its dispatcher if it is valid. */
  void processHandler(TypeElement type, boolean lastRound) throws IOException {
    // Local and anonymous classes have no qualified name, and appear in one round only.
    String name = type.getQualifiedName().toString();
    if (!name.isEmpty() && done.contains(name)) {
      return;
    }
    ScannedHandler handler = scanner.scan(type);
    if (scanner.hasUnresolvedTypes(handler)) {
      if (!lastRound && !name.isEmpty()) {
        deferred.add(name);
      }
      // In the last round javac reports the missing type itself; more errors would only be noise.
      return;
    }
    done.add(name);
    HandlerRules.Result result = HandlerRules.check(handler.shape());
    for (Problem problem : result.problems()) {
      report(handler, problem);
    }
    for (Problem warning : result.warnings()) {
      report(handler, warning);
    }
    if (result.isValid()) {
      JavaFile file = generator.generate(handler, result);
      file.writeTo(processingEnv.getFiler());
    }
  }

  private static boolean carriesCodecs(TypeElement type) {
    return type.getAnnotationMirrors().stream().anyMatch(HandlerScanner::isCodecs);
  }

  private void report(ScannedHandler handler, Problem problem) {
    Kind kind = problem.isWarning() ? Kind.WARNING : Kind.ERROR;
    if (problem.codec() != null) {
      reportOnCodec(handler, problem, kind);
      return;
    }
    if (problem.method() < 0) {
      print(kind, problem.message(), handler.type(), null);
      return;
    }
    ScannedHandler.Callback callback = handler.methods().get(problem.method());
    ExecutableElement method = callback.called();
    AnnotationMirror annotation = null;
    if (callback.annotated() == method && problem.annotation() != null) {
      annotation =
          callback.annotations().stream()
              .filter(a -> HandlerScanner.kindOf(a) == problem.annotation())
              .findFirst()
              .orElse(null);
    }
    Element target =
        problem.parameter() >= 0 ? method.getParameters().get(problem.parameter()) : method;
    if (!locator.isInSource(target)) {
      // An inherited method from a class file: point at the handler class instead.
      print(kind, problem.message(), handler.type(), null);
    } else if (problem.parameter() >= 0) {
      print(kind, problem.message(), target, null);
    } else {
      print(kind, problem.message(), target, annotation);
    }
  }

  /**
   * On the class literal in {@code @Codecs} that names the codec, once however many handlers
   * inherit the annotation; on the handler class if the annotation is in a class file.
   */
  private void reportOnCodec(ScannedHandler handler, Problem problem, Kind kind) {
    ScannedHandler.Codecs codecs = handler.codecs();
    TypeElement declaredOn = codecs.declaredOn();
    Optional<ScannedHandler.Codec> codec = codecs.of(problem.codec());
    if (declaredOn == null || codec.isEmpty() || !locator.isInSource(declaredOn)) {
      print(kind, problem.message(), handler.type(), null);
      return;
    }
    String key =
        declaredOn.getQualifiedName()
            + "@"
            + problem.codec().role()
            + "["
            + problem.codec().index()
            + "]: "
            + problem.message();
    if (reportedOnCodecs.add(key)) {
      processingEnv
          .getMessager()
          .printMessage(
              kind, problem.message(), declaredOn, codecs.annotation(), codec.get().value());
    }
  }

  private void error(String message, Element element, AnnotationMirror annotation) {
    print(Kind.ERROR, message, element, annotation);
  }

  private void print(Kind kind, String message, Element element, AnnotationMirror annotation) {
    processingEnv.getMessager().printMessage(kind, message, element, annotation);
  }
}
