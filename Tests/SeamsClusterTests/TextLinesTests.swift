import SeamsFingerprint
import Testing

@testable import SeamsCluster

/// The index of an arriving text's lines answers "is this headline one of its lines?" as reading every line does.
struct TextLinesTests {
    let tokenizer = MatchTokenizer()

    func words(_ headline: String) -> Set<UInt64> { Set(tokenizer.tokenize(headline).hashes) }

    @Test func aHeadlineIsFoundAmongTheLinesOfABriefing() {
        let briefing = tokenizer.tokenize(
            """
            Morning briefing
            Oil prices rise as OPEC holds output steady
            Crude climbed two percent on Tuesday after the group said it would keep its quotas unchanged.
            Central bank leaves rates unchanged
            The bank said inflation was easing but that it would wait for more figures before it moved.
            """
        )
        let lines = TextLines(briefing)
        #expect(lines.shows(words("Oil prices rise as OPEC holds output steady")))
        #expect(lines.shows(words("CORRECTED - Central bank leaves rates unchanged")), "a re-send's headline agrees")
        #expect(!lines.shows(words("Central bank raises rates to fight inflation at last")), "under half its words")
        #expect(!lines.shows(words("Crude climbed")), "a line more than twice the headline's length is no headline")
        #expect(!lines.shows([]))
    }

    @Test(arguments: 1...40) func theIndexAgreesWithReadingEveryLine(seed: UInt64) {
        var random = SplitMix(seed: seed)
        let vocabulary = (0..<80).map { "w\($0)" }
        func line(_ count: Int) -> String {
            (0..<count).map { _ in vocabulary[random.next(80)] }.joined(separator: " ")
        }
        // Lines of every length, some longer than the index keeps, and headlines of every length, some longer than
        // half of it.
        let text = (0..<12).map { _ in line(1 + random.next(90)) }.joined(separator: "\n")
        let tokens = tokenizer.tokenize(text)
        let lines = TextLines(tokens)
        for _ in 0..<60 {
            let title = words(line(1 + random.next(60)))
            #expect(lines.shows(title) == TextLines.shows(title, lineByLineIn: tokens))
        }
    }
}

/// A small deterministic generator, so that each seed is the same case in every run.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
