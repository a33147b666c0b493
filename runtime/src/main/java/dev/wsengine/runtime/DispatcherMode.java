package dev.wsengine.runtime;
/** TEMP STUB. */
public enum DispatcherMode { AUTO, GENERATED, FALLBACK }
