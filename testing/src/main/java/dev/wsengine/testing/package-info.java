/**
 * The wsengine test kit. Every class says from which threads it may be used; the test-side methods
 * that wait take a real-time timeout and fail with {@link AssertionError} when it passes, so a
 * broken test fails instead of hanging.
 */
package dev.wsengine.testing;
