package dev.wsengine.runtime.internal.dispatch;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs a test once with the processor's generated dispatcher and once with the Byte Buddy fallback;
 * the test takes the {@link dev.wsengine.runtime.DispatcherMode} as its parameter.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@EnumSource(
    value = dev.wsengine.runtime.DispatcherMode.class,
    names = {"GENERATED", "FALLBACK"})
@interface BothKinds {}
