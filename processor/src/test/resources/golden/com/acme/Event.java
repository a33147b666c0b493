package com.acme;

/** What the trader receives, decoded: price ticks and order acknowledgements. */
public sealed interface Event permits Tick, Ack {}
