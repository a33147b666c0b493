/**
 * JUnit 5 support for the test kit: {@link dev.wsengine.testing.junit.NoThreadsLeft} fails a test
 * class that leaves engine threads behind. Needs {@code junit-jupiter-api} on the test class path
 * (the kit declares it optional).
 */
package dev.wsengine.testing.junit;
