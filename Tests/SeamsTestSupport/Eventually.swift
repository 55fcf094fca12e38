/// The condition of an ``eventually(within:_:fileID:line:)`` call did not hold in time.
package struct ConditionTimeout: Error, CustomStringConvertible {
    /// How long the condition was polled.
    package var limit: Duration
    /// Where the call is.
    package var location: String

    package var description: String { "the condition at \(location) did not hold within \(limit)" }
}

/// Polls `condition` every 20 ms until it holds; throws ``ConditionTimeout`` if it does not within `limit`.
///
/// The limit bounds only how long a test waits for something that must happen (a request to arrive, a daemon to store
/// what it fetched), never what the test asserts, so it is generous: two minutes by default, which a passing run never
/// comes near however loaded the machine, and which still ends a run in which the thing never happens.
package func eventually(
    within limit: Duration = .seconds(120),
    _ condition: () async throws -> Bool,
    fileID: String = #fileID,
    line: Int = #line
) async throws {
    let deadline = ContinuousClock.now + limit
    while true {
        if try await condition() { return }
        guard ContinuousClock.now < deadline else {
            throw ConditionTimeout(limit: limit, location: "\(fileID):\(line)")
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}
