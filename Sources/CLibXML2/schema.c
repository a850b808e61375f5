#include "CLibXML2.h"
#include "common.h"
#include <stdlib.h>

struct ig_xml_schema {
    xmlSchemaPtr schema;
};

/* Collects the first error of a schema parse or validation. */
typedef struct {
    char *buffer;
    size_t size;
    int seen;
} ig_error_sink;

static void ig_schema_error(void *context, xmlErrorPtr error) {
    ig_error_sink *sink = context;
    if (error == NULL || error->level < XML_ERR_ERROR || sink->seen) return;
    sink->seen = 1;
    ig_xml_copy_error(sink->buffer, sink->size, error->message, error->line);
}

ig_xml_schema *ig_xml_schema_open(const char *path, char *error, size_t error_size) {
    ig_xml_init();
    ig_error_sink sink = { error, error_size, 0 };
    if (error && error_size) error[0] = '\0';
    xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt(path);
    if (parser == NULL) { ig_xml_copy_error(error, error_size, "cannot create a schema parser", 0); return NULL; }
    xmlSchemaSetParserStructuredErrors(parser, ig_schema_error, &sink);
    xmlSchemaPtr schema = xmlSchemaParse(parser);
    xmlSchemaFreeParserCtxt(parser);
    if (schema == NULL) {
        if (!sink.seen) ig_xml_copy_error(error, error_size, "the schema could not be parsed", 0);
        return NULL;
    }
    ig_xml_schema *s = calloc(1, sizeof *s);
    if (s == NULL) { xmlSchemaFree(schema); return NULL; }
    s->schema = schema;
    return s;
}

void ig_xml_schema_free(ig_xml_schema *s) {
    if (s == NULL) return;
    xmlSchemaFree(s->schema);
    free(s);
}

static int ig_validate(ig_xml_schema *s, xmlDocPtr doc, ig_error_sink *sink) {
    if (doc == NULL) {
        if (!sink->seen) ig_xml_copy_error(sink->buffer, sink->size, "the document is not well-formed XML", 0);
        return 1;
    }
    xmlSchemaValidCtxtPtr context = xmlSchemaNewValidCtxt(s->schema);
    if (context == NULL) { xmlFreeDoc(doc); ig_xml_copy_error(sink->buffer, sink->size, "out of memory", 0); return 1; }
    xmlSchemaSetValidStructuredErrors(context, ig_schema_error, sink);
    int rc = xmlSchemaValidateDoc(context, doc);
    xmlSchemaFreeValidCtxt(context);
    xmlFreeDoc(doc);
    if (rc != 0 && !sink->seen) ig_xml_copy_error(sink->buffer, sink->size, "the document is not valid", 0);
    return rc == 0 ? 0 : 1;
}

/* libxml2's structured error handler is per thread, so routing parse errors to the sink for the
 * duration of one parse does not disturb other threads. */
static xmlDocPtr ig_parse(ig_error_sink *sink, const char *path, const char *bytes, int length) {
    const int options = XML_PARSE_NONET | XML_PARSE_NOWARNING;
    xmlSetStructuredErrorFunc(sink, ig_schema_error);
    xmlDocPtr doc = path ? xmlReadFile(path, NULL, options) : xmlReadMemory(bytes, length, "memory", NULL, options);
    xmlSetStructuredErrorFunc(NULL, NULL);
    return doc;
}

int ig_xml_schema_validate_file(ig_xml_schema *s, const char *path, char *error, size_t error_size) {
    ig_error_sink sink = { error, error_size, 0 };
    if (error && error_size) error[0] = '\0';
    return ig_validate(s, ig_parse(&sink, path, NULL, 0), &sink);
}

int ig_xml_schema_validate_memory(ig_xml_schema *s, const char *bytes, int length, char *error,
                                  size_t error_size) {
    ig_error_sink sink = { error, error_size, 0 };
    if (error && error_size) error[0] = '\0';
    return ig_validate(s, ig_parse(&sink, NULL, bytes, length), &sink);
}
