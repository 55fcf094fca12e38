import Foundation
import SeamsFingerprint
import Testing

struct TokenizerTests {
    let tokenizer = MatchTokenizer()

    func hashes(_ text: String) -> [UInt64] { tokenizer.tokenize(text).hashes }

    @Test func caseUnicodeFormPunctuationAndToneStyleDoNotChangeTokens() {
        let original = "Hòa bình, khỏe mạnh và thủy điện — “Việt Nam”!"
        #expect(hashes(original) == hashes("HOÀ BÌNH khoẻ mạnh VÀ thuỷ điện - \"Việt Nam\""))
        #expect(
            hashes(original)
                == hashes(
                    "Ho\u{0300}a bi\u{0300}nh, kho\u{0309}e ma\u{0323}nh va\u{0300} thu\u{0309}y đie\u{0302}\u{0323}n Vie\u{0302}\u{0323}t Nam"
                )
        )
        #expect(hashes(original).count == 9)
    }

    @Test func syllablesWithAFinalConsonantKeepTheirTone() {
        #expect(MatchTokenizer.tokenHash("hoàn") != MatchTokenizer.tokenHash("hoan"))
        #expect(MatchTokenizer.tokenHash("quỷ") == MatchTokenizer.tokenHash("QUỶ"))
        #expect(MatchTokenizer.tokenHash("hòa") == MatchTokenizer.tokenHash("hoà"))
    }

    @Test func tokenHashesNeverChange() {
        // Stored fingerprints depend on these; if they change, run `seams rebuild` and update the pins.
        // Token hashes are XXH3-64 of the normalized token's UTF-8, cross-checked with the reference implementation:
        // Python's xxhash.xxh3_64_intdigest("hà".encode()) and ("hoà".encode()).
        #expect(MatchTokenizer.tokenHash("") == 0x2D06_8005_38D3_94C2)
        #expect(MatchTokenizer.tokenHash("HÀ") == 0x7FEC_2A34_2EAF_42DF)
        #expect(MatchTokenizer.tokenHash("hòa") == 0x3DC5_19F7_1B4C_F310, "old-style hòa is hashed as new-style hoà")
        let hashes = Shingles.hashes(tokenizer.tokenize("Hà Nội mùa thu năm ấy").hashes, k: 5)
        #expect(hashes.count == 2)
        #expect(hashes == Shingles.hashes(tokenizer.tokenize("HÀ NỘI, mùa thu; năm ấy.").hashes, k: 5))
        #expect(Shingles.finalize(1) == 0xB456_BCFC_34C2_CB2C)
    }

    @Test func knownFurnitureAndPhotoCaptionsAreLeftOut() {
        let text = """
            Đoạn đầu của bài viết có đủ chữ cho một đoạn văn.
            Video đang HOT
            Quốc kỳ Hàn Quốc (trái) và quốc kỳ Mỹ (phải). Ảnh: REUTERS/TTXVN
            Một cơ sở quân sự của Mỹ tại Okinawa, Nhật Bản. Ảnh Kyodo
            (Photo by Jane Doe/AP)
            Đoạn cuối.
            """
        let tokens = tokenizer.tokenize(text)
        #expect(tokens.hashes == hashes("Đoạn đầu của bài viết có đủ chữ cho một đoạn văn. Đoạn cuối."))
        #expect(tokens.lineHashes.count == 6, "every line is counted for learning, boilerplate or not")
        #expect(tokens.droppedTokens > 20)
    }

    @Test func aSentenceThatMerelyMentionsPhotosIsKept() {
        let line = "Bức ảnh được chụp tại Hà Nội vào sáng nay theo nguồn tin của phóng viên"
        #expect(tokenizer.tokenize(line).count == 16)
    }

    @Test func linesAFeedRepeatsAreLeftOutWhenKnown() {
        let story = "Nội dung chính của bài báo này nói về thời tiết ở miền Bắc trong tuần tới."
        let text = "Theo Báo Hà Nam điện tử\n" + story
        let first = tokenizer.tokenize(text)
        let learned = tokenizer.tokenize(text, boilerplateLines: [first.lineHashes[0]])
        #expect(learned.hashes == hashes(story))
        #expect(learned.furnitureSpans == [0..<23], "the line left out, as it stands in the text")
    }

    @Test func anOpeningDateLineIsLearnedByItsShapeAndATableOfFiguresFurtherDownIsNot() {
        let story = "Nội dung chính của bài báo này nói về thời tiết ở miền Bắc trong tuần tới.\nTrời rét.\nMưa nhỏ."
        let monday = "Cập nhật: 08:30 02/03/2023\n" + story + "\nNet 1,200,000 vs 900,000"
        let learned = Set(tokenizer.tokenize(monday).lineShapes)
        #expect(learned.count == 1, "only the opening line of figures has a shape")
        let tuesday = "Cập nhật: 17:05 03/03/2023\n" + story + "\nNet 1,500,000 vs 800,000"
        let tokens = tokenizer.tokenize(tuesday, boilerplateLines: learned)
        #expect(tokens.hashes == hashes(story + "\nNet 1,500,000 vs 800,000"))
        let words = "Shr 20 cts vs 15 cts\n" + story
        #expect(tokenizer.tokenize(words).lineShapes.isEmpty, "a line mostly of words is known only as itself")
    }

    @Test func learnedLinesNeverLeaveLessThanAPassage() {
        // A wire's dividend notice: its recurring lines are its content, not furniture. They come back one by one,
        // those after its first line of content first, until it has a passage; its outlet's byline stays out.
        let text = "By Tom Walker\nQtly div 25 cts vs 25 cts prior\nPay May One\nRecord April One\nReuter"
        let lines = Set(tokenizer.tokenize(text).lineHashes.enumerated().filter { $0.offset != 1 }.map(\.element))
        let kept = tokenizer.tokenize(text, boilerplateLines: lines)
        #expect(kept.hashes == hashes("Qtly div 25 cts vs 25 cts prior\nPay May One\nRecord April One"))
        let caption = "Lãnh đạo hai nước hội đàm tại Hà Nội. Ảnh: TTXVN"
        #expect(tokenizer.tokenize(caption).count == 11, "a short item whose lead ends in a credit keeps it")
        let brief = "Theo Báo Hà Nam điện tử"
        let own = Set(tokenizer.tokenize(brief).lineHashes)
        #expect(tokenizer.tokenize(brief, boilerplateLines: own).count == 6, "nor is an item that is one such line")
    }

    @Test func scriptsWithoutSpacesBecomeCharacterTokens() {
        #expect(hashes("東京は晴れ").count == 5)
        #expect(hashes("สวัสดีครับ").count == 10)
        #expect(hashes("北京 news").count == 3)
    }

    @Test func tokenSpansPointIntoTheOriginalText() {
        let text = "«Xin chào» Việt Nam"
        let tokens = tokenizer.tokenize(text)
        let scalars = Array(text.unicodeScalars)
        let words = (0..<tokens.count).map { index in
            String(String.UnicodeScalarView(scalars[tokens.span(of: index..<(index + 1))]))
        }
        #expect(words == ["Xin", "chào", "Việt", "Nam"])
        #expect(tokens.span(of: 0..<4) == 1..<19)
    }
}

struct SketchTests {
    let tokenizer = MatchTokenizer()

    func words(_ prefix: String, _ count: Int) -> String {
        (0..<count).map { "\(prefix)\($0 + 1)" }.joined(separator: " ")
    }

    @Test func theSignatureEstimatesResemblance() {
        let a = Shingles.hashes(tokenizer.tokenize(words("w", 400)).hashes, k: 5)
        var edited = (1...400).map { "w\($0)" }
        for index in stride(from: 0, to: 400, by: 40) { edited[index] = "changed\(index)" }
        let b = Shingles.hashes(tokenizer.tokenize(edited.joined(separator: " ")).hashes, k: 5)
        let exact = Overlap(firstShingles: a, secondShingles: b, firstTokens: 400, k: 5, minimumPassageTokens: 12)
            .resemblance
        let estimate = MinHashSignature(shingles: a).resemblance(to: MinHashSignature(shingles: b))
        #expect(exact > 0.6 && exact < 0.8)
        #expect(abs(estimate - exact) < 0.15)
        let unrelated = MinHashSignature(shingles: Shingles.hashes(tokenizer.tokenize(words("x", 400)).hashes, k: 5))
        #expect(MinHashSignature(shingles: a).resemblance(to: unrelated) < 0.05)
    }

    @Test func signaturesRoundTripThroughBytesAndEmptyBinsAreFilled() {
        let shingles = [1, 2, 3, 4].map { Shingles.finalize($0) }
        let signature = MinHashSignature(shingles: shingles)
        let values = Set(shingles.map { UInt32(truncatingIfNeeded: $0) })
        #expect(signature.values.count == 128)
        #expect(
            signature.values.allSatisfy(values.contains),
            "densification fills every bin from the four that got a shingle"
        )
        #expect(MinHashSignature(bytes: signature.bytes) == signature)
        #expect(signature.bandKeys(bands: 32, rows: 4).count == 32)
    }

    @Test func winnowingFindsEverySharedRunOfTwelveTokens() {
        let shared = (1...12).map { "chung\($0)" }.joined(separator: " ")
        for offset in [0, 3, 17, 40] {
            let first = tokenizer.tokenize(words("a", offset) + " " + shared + " " + words("b", 30)).hashes
            let second = tokenizer.tokenize(words("c", 25) + " " + shared + " " + words("d", offset)).hashes
            let firstPrints = Set(Shingles.winnow(Shingles.hashes(first, k: 5), window: 8).map(\.hash))
            let secondPrints = Set(Shingles.winnow(Shingles.hashes(second, k: 5), window: 8).map(\.hash))
            #expect(!firstPrints.isDisjoint(with: secondPrints), "offset \(offset)")
        }
    }

    @Test func passagesLocateSharedRunsAndBridgeOneEditedWord() {
        let source = words("s", 60)
        var stitched = words("x", 30) + " " + source + " " + words("y", 30)
        let sourceTokens = tokenizer.tokenize(source).hashes
        var overlap = Overlap(tokenizer.tokenize(stitched).hashes, sourceTokens, k: 5, minimumPassageTokens: 12)
        #expect(overlap.passages == [30..<90])
        #expect(overlap.coverageOfSecond == 1)
        stitched = stitched.replacingOccurrences(of: "s30 ", with: "edited ")
        overlap = Overlap(tokenizer.tokenize(stitched).hashes, sourceTokens, k: 5, minimumPassageTokens: 12)
        #expect(overlap.passages == [30..<90], "one edited word does not split the passage")
        #expect(overlap.containmentOfSecond > 0.9)
    }
}
