import CoreMetrics

/// What a node of a fleet reports through swift-metrics (Prometheus's `/metrics` in `seams daemon`):
///
/// - `seams_leases_held`: feeds this node holds leases on and has not stored yet;
/// - `seams_lease_takeovers_total`: feeds leased after another node's lease on them ran out (that node died or
///   stalled);
/// - `seams_placement_lock_wait_seconds`: how long each placement transaction waited for the placement lock —
///   the fleet's one serialized step.
///
/// Each is looked up when it is recorded, so that it reaches whichever backend the process has bootstrapped by then.
enum FleetMetrics {
    static func leasesHeld(_ count: Int) {
        Gauge(label: "seams_leases_held").record(count)
    }

    static func takeovers(_ count: Int) {
        guard count > 0 else { return }
        Counter(label: "seams_lease_takeovers_total").increment(by: count)
    }

    static func placementLockWait(nanoseconds: Int64) {
        Timer(label: "seams_placement_lock_wait_seconds").recordNanoseconds(nanoseconds)
    }
}
