/**
 * Service-provider interfaces: {@link dev.wsengine.spi.Dispatcher} for generated code, {@link
 * dev.wsengine.spi.Transport} for transport adapters. Handlers do not use this package.
 */
package dev.wsengine.spi;
