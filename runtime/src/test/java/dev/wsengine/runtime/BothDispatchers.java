package dev.wsengine.runtime;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs a behavioural engine test once with the processor's generated dispatcher and once with the
 * Byte Buddy fallback; the test method takes the {@link DispatcherMode} as its first parameter.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0} dispatcher")
@EnumSource(
    value = DispatcherMode.class,
    names = {"GENERATED", "FALLBACK"})
public @interface BothDispatchers {}
