package dev.assetgate.limits;

import java.time.Clock;

class LocalCountersTest extends CountersContractTest {
    private final Counters counters = new LocalCounters(Clock.systemUTC());

    @Override
    protected Counters counters() {
        return counters;
    }
}
