import SeamsExtract
import Testing

struct TextExtractorTests {
    let extractor = TextExtractor()

    @Test func keepsParagraphsAndDropsScriptsAndStyles() {
        let html = """
            <div><style>p { color: red }</style><p>Người dân <b>Hà&nbsp;Nội</b> &amp; TP.HCM</p>
            <script>document.write("no")</script><ul><li>một</li><li>hai<br>ba</li></ul>unclosed <i>tag</div>
            """
        #expect(extractor.text(fromHTML: html) == "Người dân Hà Nội & TP.HCM\nmột\nhai\nba\nunclosed tag")
    }

    @Test func readsNestedTablesCellByCellInOrder() {
        let html = """
            <table><tr><td>a</td><td>b</td></tr><tr><td><table><tr><td>inner 1</td><td>inner 2</td></tr></table></td>
            <td>c</td></tr></table><p>after</p>
            """
        #expect(extractor.text(fromHTML: html) == "a b\ninner 1 inner 2\nc\nafter")
    }

    @Test func survivesBrokenMarkup() {
        let html = "<p>One <b>bold <i>both</b> italic?</p><p>Two</div></span><p>Three &unknown; &lt;tag&gt;"
        #expect(extractor.text(fromHTML: html) == "One bold both italic?\nTwo\nThree &unknown; <tag>")
    }

    @Test func dropsFormsFramesAndEmbedsButKeepsTheirNeighbours() {
        let html =
            "<p>Before</p><iframe src='x'>frame text</iframe><noscript>enable js</noscript><button>Share</button><p>After</p>"
        #expect(extractor.text(fromHTML: html) == "Before\nAfter")
    }

    @Test func plainTextPassesThroughWithWhitespaceCollapsed() {
        #expect(extractor.text(fromHTML: "  several   words\n\n here ") == "several words here")
        #expect(extractor.text(fromHTML: "") == "")
    }

    @Test func prefersContentAndFallsBackToTheSummary() {
        #expect(extractor.articleText(content: "<p>Full</p>", summary: "Short") == "Full")
        #expect(extractor.articleText(content: "<img src=x>", summary: "<p>Short</p>") == "Short")
        #expect(extractor.articleText(content: nil, summary: nil) == "")
    }

    @Test func decodesNumericAndNamedEntities() {
        #expect(extractor.text(fromHTML: "<p>&#8220;Xin ch&agrave;o&#x201D; &mdash; &eacute;</p>") == "“Xin chào” — é")
    }
}
