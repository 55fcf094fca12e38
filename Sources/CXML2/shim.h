#ifndef SEAMS_CXML2_SHIM_H
#define SEAMS_CXML2_SHIM_H
#include <stdint.h>
#include <string.h>
// Debian's libxml2 headers include the system ICU's <unicode/ucnv.h>, whose types clash with the
// toolchain's private ICU that Foundation loads ("'UErrorCode' has different definitions"). These
// are the only ICU names libxml2's headers use, so declare them and skip the system header.
#define UCNV_H 1
typedef struct UConverter UConverter;
typedef uint16_t UChar;

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/entities.h>
#include <libxml/uri.h>

/// `xmlFree` is a global function-pointer variable that Swift 6 refuses as not concurrency-safe.
static inline void seams_xml_free(void *p) { xmlFree(p); }

static xmlParserInputPtr seams_xml_no_external_entities(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
    (void)url; (void)id; (void)ctxt;
    return NULL;
}

/// Makes libxml2 refuse every external entity and DTD load in this process.
static inline void seams_xml_forbid_external_entities(void) {
    xmlSetExternalEntityLoader(seams_xml_no_external_entities);
}

static void seams_xml_silent_error(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }

/// Keeps libxml2 from printing parse errors on stderr; errors are read from the parser context instead.
static inline void seams_xml_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, seams_xml_silent_error);
}

/// A SAX handler for HTML text extraction: only the given content callbacks, errors silenced, no tree built.
static inline void seams_html_text_handler(htmlSAXHandler *handler, startElementSAXFunc start, endElementSAXFunc end,
                                           charactersSAXFunc characters) {
    memset(handler, 0, sizeof(*handler));
    handler->startElement = start;
    handler->endElement = end;
    handler->characters = characters;
    handler->cdataBlock = characters;
    handler->ignorableWhitespace = characters;
    handler->warning = seams_xml_silent_error;
    handler->error = seams_xml_silent_error;
    handler->fatalError = seams_xml_silent_error;
    handler->initialized = 1;
}

static void seams_xml_ignore_entity_declaration(void *ctx, const xmlChar *name, int type, const xmlChar *publicId,
                                                const xmlChar *systemId, xmlChar *content) {
    (void)ctx; (void)name; (void)type; (void)publicId; (void)systemId; (void)content;
}

/// Makes the parser ignore every entity declaration in the document's DTD, so that no reference can expand into
/// more text than the document holds (billion laughs, quadratic blowup) or name an external resource.
static inline void seams_xml_ignore_entity_declarations(xmlParserCtxtPtr ctxt) {
    if (ctxt->sax != NULL) ctxt->sax->entityDecl = seams_xml_ignore_entity_declaration;
}

static inline void *seams_xml_ctxt_private(void *ctx) { return ((xmlParserCtxtPtr)ctx)->_private; }
static inline void seams_xml_set_ctxt_private(xmlParserCtxtPtr ctx, void *p) { ctx->_private = p; }
static inline void seams_xml_stop(void *ctx) { xmlStopParser((xmlParserCtxtPtr)ctx); }
#endif
