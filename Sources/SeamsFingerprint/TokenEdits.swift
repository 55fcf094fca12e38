/// The edit distance between two token sequences — insertions, deletions and substitutions of whole tokens — when it
/// is at most a bound.
///
/// Short texts are not compared by shingles alone: in a 20-token wire brief, one corrected figure breaks five of its
/// sixteen 5-token shingles, while it is one edit of twenty.
package enum TokenEdits {
    /// The distance between `first` and `second`, or nil when it exceeds `limit`.
    ///
    /// - Complexity: O((*n* + *m*) × `limit`): only the band of the table within `limit` of its diagonal is filled.
    package static func distance(_ first: [UInt64], _ second: [UInt64], limit: Int) -> Int? {
        let n = first.count
        let m = second.count
        guard limit >= 0, abs(n - m) <= limit else { return nil }
        guard n > 0, m > 0 else { return max(n, m) }
        let beyond = limit + 1
        var previous = [Int](repeating: beyond, count: m + 1)
        var current = [Int](repeating: beyond, count: m + 1)
        for j in 0...min(m, limit) { previous[j] = j }
        for i in 1...n {
            let low = max(1, i - limit)
            let high = min(m, i + limit)
            // The cell left of the band still holds a row from two rows up.
            current[low - 1] = low == 1 && i <= limit ? i : beyond
            var best = current[low - 1]
            if low <= high {
                for j in low...high {
                    let substitution = previous[j - 1] + (first[i - 1] == second[j - 1] ? 0 : 1)
                    let value = min(substitution, previous[j] + 1, current[j - 1] + 1, beyond)
                    current[j] = value
                    best = min(best, value)
                }
            }
            guard best <= limit else { return nil }
            swap(&previous, &current)
        }
        return previous[m] <= limit ? previous[m] : nil
    }
}
