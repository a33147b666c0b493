package dev.wsengine.runtime.internal.dispatch;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * A class's methods in source order, which reflection does not give ({@link
 * Class#getDeclaredMethods()} promises no order, and HotSpot's is not the source's).
 *
 * <p>The order decides which of two clashing callbacks is "another, after" the first, and the order
 * of the problems; the processor sees source order, so the fallback must too. javac writes methods
 * to the class file in source order, so this reads the class file. Where there is none to read (a
 * class defined from bytes by a loader that does not serve them as resources), the methods are
 * sorted by name and descriptor: still deterministic, though not the source's.
 */
final class DeclarationOrder {
  private DeclarationOrder() {}

  /** The methods {@code type} declares, in the order of its class file. */
  static List<Method> declaredMethods(Class<?> type) {
    Method[] methods = type.getDeclaredMethods();
    Map<String, Integer> positions = positions(type);
    Comparator<Method> byKey = Comparator.comparing(DeclarationOrder::key);
    Comparator<Method> order =
        positions.isEmpty()
            ? byKey
            : Comparator.<Method>comparingInt(
                    m -> positions.getOrDefault(key(m), Integer.MAX_VALUE))
                .thenComparing(byKey);
    Arrays.sort(methods, order);
    return List.of(methods);
  }

  private static String key(Method method) {
    return method.getName() + Type.getMethodDescriptor(method);
  }

  /** Each method's index in the class file, by name and descriptor; empty without a class file. */
  private static Map<String, Integer> positions(Class<?> type) {
    byte[] classFile = classFile(type);
    Map<String, Integer> positions = new HashMap<>();
    if (classFile == null) {
      return positions;
    }
    OpenedClassReader.of(classFile)
        .accept(
            new ClassVisitor(OpenedClassReader.ASM_API) {
              @Override
              public MethodVisitor visitMethod(
                  int access,
                  String name,
                  String descriptor,
                  String signature,
                  String[] exceptions) {
                positions.putIfAbsent(name + descriptor, positions.size());
                return null;
              }
            },
            ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return positions;
  }

  private static byte[] classFile(Class<?> type) {
    if (type.getClassLoader() == null) {
      // The JDK's own classes (Object, Enum, Record) declare no callbacks: their order is moot.
      return null;
    }
    String name = type.getName();
    // Relative to the class's package; class files are never encapsulated by a module.
    String resource = name.substring(name.lastIndexOf('.') + 1) + ".class";
    try (InputStream in = type.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }
}
