/// What two texts share: resemblance, containment each way, and the passages of one found in the other.
package struct Overlap: Sendable, Hashable {
    /// Jaccard similarity of the two shingle sets.
    package var resemblance: Double
    /// The share of the first text's shingles found in the second.
    package var containmentOfFirst: Double
    /// The share of the second text's shingles found in the first.
    package var containmentOfSecond: Double
    /// Runs of the first text's tokens whose shingles the second text has, as token ranges of the first text.
    package var passages: [Range<Int>]
    /// The share of the second text's shingles that the passages cover.
    package var coverageOfSecond: Double

    /// Measures the overlap of two tokenized texts.
    ///
    /// A passage is a run of shared shingles (gaps of up to `k` unshared shingles are bridged, so one edited word
    /// does not split a passage) that spans at least `minimumPassageTokens` tokens.
    ///
    /// - Complexity: O(*n* + *m*) expected, for texts of *n* and *m* tokens.
    package init(_ first: [UInt64], _ second: [UInt64], k: Int, minimumPassageTokens: Int) {
        let firstShingles = Shingles.hashes(first, k: k)
        let secondShingles = Shingles.hashes(second, k: k)
        self.init(
            firstShingles: firstShingles,
            secondShingles: secondShingles,
            firstTokens: first.count,
            k: k,
            minimumPassageTokens: minimumPassageTokens
        )
    }

    /// Measures the overlap from precomputed shingle hashes (the first text has `firstTokens` tokens).
    package init(firstShingles: [UInt64], secondShingles: [UInt64], firstTokens: Int, k: Int, minimumPassageTokens: Int)
    {
        self.init(
            firstShingles: firstShingles,
            firstSet: Set(firstShingles),
            secondSet: Set(secondShingles),
            firstTokens: firstTokens,
            k: k,
            minimumPassageTokens: minimumPassageTokens
        )
    }

    /// Measures the overlap from precomputed shingle hashes and sets, so that one text compared with many is
    /// hashed into a set once.
    package init(
        firstShingles: [UInt64],
        firstSet: Set<UInt64>,
        secondSet: Set<UInt64>,
        firstTokens: Int,
        k: Int,
        minimumPassageTokens: Int
    ) {
        let shared = firstSet.intersection(secondSet).count
        let union = firstSet.count + secondSet.count - shared
        resemblance = union == 0 ? 0 : Double(shared) / Double(union)
        containmentOfFirst = firstSet.isEmpty ? 0 : Double(shared) / Double(firstSet.count)
        containmentOfSecond = secondSet.isEmpty ? 0 : Double(shared) / Double(secondSet.count)
        var passages: [Range<Int>] = []
        var runStart: Int?
        var runEnd = 0
        var gap = 0
        let width = min(k, max(firstTokens, 1))
        for (index, hash) in firstShingles.enumerated() {
            if secondSet.contains(hash) {
                if runStart == nil { runStart = index }
                runEnd = index
                gap = 0
            } else if let start = runStart {
                gap += 1
                if gap > width {
                    passages.append(start..<min(firstTokens, runEnd + width))
                    runStart = nil
                }
            }
        }
        if let start = runStart { passages.append(start..<min(firstTokens, runEnd + width)) }
        self.passages = passages.filter { $0.count >= minimumPassageTokens }
        var covered = Set<UInt64>()
        for passage in self.passages {
            let last = min(passage.upperBound - width, firstShingles.count - 1)
            if passage.lowerBound <= last {
                for index in passage.lowerBound...last where secondSet.contains(firstShingles[index]) {
                    covered.insert(firstShingles[index])
                }
            }
        }
        coverageOfSecond = secondSet.isEmpty ? 0 : Double(covered.count) / Double(secondSet.count)
    }
}
