/**
 * Test fixtures for the dispatcher SPI, shared by the processor's and the runtime's tests through
 * this module's test-jar ({@code <type>test-jar</type>}). Not API and not in the test kit: users
 * never implement or call {@link dev.wsengine.spi.CallbackScope}. Only this package goes into the
 * test-jar; the api's own tests stay out of it.
 */
package dev.wsengine.testfixtures;
