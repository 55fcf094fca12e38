import Testing

/// Polls `condition` every 20 ms until it holds, recording an issue if it does not within `limit`.
func eventually(within limit: Duration, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    Issue.record("the condition did not hold within \(limit)")
}
