import SeamsExtract
import Testing

struct HTMLSanitizerTests {
    let sanitizer = HTMLSanitizer()

    @Test func scriptsStylesFramesAndFormsGoWithTheirContent() {
        let html = """
            <p>Kept<script>alert(1)</script><style>p{}</style><iframe src="https://x.example"></iframe>\
            <form><input value="x"><button>Go</button></form><svg><script>x</script></svg> too</p>
            """
        // libxml2 closes the paragraph at the form, as a browser would.
        #expect(sanitizer.sanitize(html) == "<p>Kept</p><p> too</p>")
    }

    @Test func eventHandlersStylesAndUnknownAttributesAreDropped() {
        #expect(
            sanitizer.sanitize(#"<p onclick="x()" style="color:red" class="c" title="t">a</p>"#)
                == #"<p title="t">a</p>"#
        )
        #expect(
            sanitizer.sanitize(#"<img src="https://i.example/a.jpg" onerror="x()" alt="A">"#)
                == #"<img src="https://i.example/a.jpg" alt="A">"#
        )
    }

    @Test func onlyWebMailAndRelativeURLsSurviveHowEverTheyAreSpelled() {
        for hostile in [
            "javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "&#106;avascript:x()",
            "&#x6A;avascript:x()", "vbscript:x", "data:text/html,<script>x</script>",
        ] {
            #expect(
                sanitizer.sanitize("<a href=\"\(hostile)\">x</a>") == #"<a rel="nofollow noopener noreferrer">x</a>"#,
                "\(hostile)"
            )
        }
        #expect(
            sanitizer.sanitize(#"<a href="https://a.example/?q=1&amp;r=2">x</a>"#)
                == #"<a href="https://a.example/?q=1&amp;r=2" rel="nofollow noopener noreferrer">x</a>"#
        )
        #expect(
            sanitizer.sanitize(#"<a href="/story/1">x</a>"#)
                == #"<a href="/story/1" rel="nofollow noopener noreferrer">x</a>"#
        )
        #expect(
            sanitizer.sanitize(#"<a href="mailto:desk@a.example">x</a>"#).contains("href=\"mailto:desk@a.example\"")
        )
        #expect(sanitizer.sanitize(#"<img src="javascript:x()">after"#) == "<p>after</p>")
    }

    @Test func textIsEscapedAndBrokenMarkupComesOutBalanced() {
        // Bare text gets the paragraph libxml2's HTML parser implies.
        #expect(sanitizer.sanitize("a &lt;script&gt; b") == "<p>a &lt;script&gt; b</p>")
        #expect(sanitizer.sanitize("<p><b>open <i>nested</p>tail") == "<p><b>open <i>nested</i></b></p><p>tail</p>")
        #expect(sanitizer.sanitize("</title><script>alert(1)</script>x") == "<p>x</p>")
        #expect(sanitizer.sanitize("") == "")
    }
}
