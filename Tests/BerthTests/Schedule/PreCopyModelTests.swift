import Berth
import Testing

/// The pre-copy model against hand computations (research/migration.md §1.2).
@Suite struct PreCopyModelTests {
    @Test func geometricRoundsByHand() {
        // M = 1000 MiB, D = 10 MiB/s, B = 100 MiB/s, d = 0.3 s → threshold 30 MiB.
        // Round 0: 1000 MiB in 10 s; round 1: 100 MiB in 1 s; then 10 MiB ≤ 30: stop-and-copy 0.1 s.
        let e = PreCopyModel(downtimeTarget: 0.3, maxRounds: 30).estimate(memoryMiB: 1000, dirtyRateMiBps: 10, bandwidthMiBps: 100)
        #expect(abs(e.duration - 11.1) < 1e-9)
        #expect(abs(e.downtime - 0.1) < 1e-9)
        #expect(abs(e.sentMiB - 1110) < 1e-9)
        #expect(e.rounds == 2)
        #expect(e.converges)
    }

    @Test func calmVMIsBulkCopy() {
        let e = PreCopyModel().estimate(memoryMiB: 2048, dirtyRateMiBps: 0, bandwidthMiBps: 128)
        #expect(abs(e.duration - 16) < 1e-9)
        #expect(e.downtime == 0)
        #expect(e.converges)
    }

    @Test func dirtyRateAtOrAboveBandwidthNeverConverges() {
        let model = PreCopyModel(downtimeTarget: 0.03, maxRounds: 30)
        #expect(!model.estimate(memoryMiB: 1000, dirtyRateMiBps: 100, bandwidthMiBps: 100).converges)
        #expect(!model.estimate(memoryMiB: 1000, dirtyRateMiBps: 150, bandwidthMiBps: 100).converges)
        // Shared four ways the same VM stops converging (§1.2: a VM that converges alone can fail when sharing).
        #expect(model.estimate(memoryMiB: 1000, dirtyRateMiBps: 30, bandwidthMiBps: 112).converges)
        #expect(!model.estimate(memoryMiB: 1000, dirtyRateMiBps: 30, bandwidthMiBps: 28).converges)
    }

    @Test func roundCapForcesTheSwitchOver() {
        // ρ = 0.9: V_i = 1000 · 0.9^i stays above 3 MiB for 55 rounds; a cap of 5 forces it.
        let e = PreCopyModel(downtimeTarget: 0.03, maxRounds: 5).estimate(memoryMiB: 1000, dirtyRateMiBps: 90, bandwidthMiBps: 100)
        #expect(e.rounds == 5)
        #expect(!e.converges)
        #expect(abs(e.downtime - 1000 * pow(0.9, 5) / 100) < 1e-9)
    }

    @Test func seed001LoneMigrationIsAbout12Seconds() {
        let rate = NetworkTopology.mebibytesPerSecond(gbps: 1, efficiency: 0.94)
        let e = PreCopyModel(downtimeTarget: 0.03, maxRounds: 30).estimate(memoryMiB: 1364, dirtyRateMiBps: 3, bandwidthMiBps: rate)
        #expect(e.duration > 10 && e.duration < 15)
    }
}

import Foundation
