#include "CLibXML2.h"
#include "common.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

struct ig_xml_reader {
    xmlTextReaderPtr reader;
    int fd; /* -1 when reading from memory */
    int max_depth;
    int64_t max_value_bytes;
    xmlChar *attribute; /* last value returned by ig_xml_reader_attribute */
    char message[1024];
    int error_line;
    int failed;
};

/* Safe by construction: NONET forbids network access; leaving out NOENT, DTDLOAD, DTDATTR, DTDVALID,
 * XINCLUDE and HUGE keeps entities unexpanded, external subsets unloaded and libxml2's own limits
 * (entity amplification, 10 MB text nodes, depth 256) in force. BIG_LINES keeps line numbers
 * right past line 65,535. */
static const int ig_reader_options = XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES;

static void ig_reader_error(void *context, xmlErrorPtr error) {
    ig_xml_reader *r = context;
    if (error == NULL || error->level < XML_ERR_ERROR || r->failed) return;
    r->failed = 1;
    r->error_line = error->line;
    ig_xml_copy_error(r->message, sizeof r->message, error->message, 0);
}

static ig_xml_reader *ig_reader_wrap(xmlTextReaderPtr reader, int fd, int max_depth, int64_t max_value) {
    if (reader == NULL) return NULL;
    ig_xml_reader *r = calloc(1, sizeof *r);
    if (r == NULL) { xmlFreeTextReader(reader); return NULL; }
    r->reader = reader;
    r->fd = fd;
    r->max_depth = max_depth;
    r->max_value_bytes = max_value;
    xmlTextReaderSetStructuredErrorHandler(reader, ig_reader_error, r);
    return r;
}

ig_xml_reader *ig_xml_reader_open_file(const char *path, int max_depth, int64_t max_value_bytes) {
    ig_xml_init();
    /* Our own descriptor rather than xmlReaderForFile: no URL handling and no transparent gzip. */
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    xmlTextReaderPtr reader = xmlReaderForFd(fd, path, NULL, ig_reader_options);
    ig_xml_reader *r = ig_reader_wrap(reader, fd, max_depth, max_value_bytes);
    if (r == NULL) { int saved = errno; close(fd); errno = saved ? saved : ENOMEM; }
    return r;
}

ig_xml_reader *ig_xml_reader_open_memory(const char *bytes, int length, int max_depth,
                                         int64_t max_value_bytes) {
    ig_xml_init();
    xmlTextReaderPtr reader = xmlReaderForMemory(bytes, length, "memory", NULL, ig_reader_options);
    return ig_reader_wrap(reader, -1, max_depth, max_value_bytes);
}

void ig_xml_reader_free(ig_xml_reader *r) {
    if (r == NULL) return;
    xmlFree(r->attribute);
    xmlFreeTextReader(r->reader);
    if (r->fd >= 0) close(r->fd);
    free(r);
}

static int ig_limit(ig_xml_reader *r, const char *message) {
    r->failed = 1;
    r->error_line = ig_xml_reader_line(r);
    snprintf(r->message, sizeof r->message, "%s", message);
    return IG_XML_READ_LIMIT;
}

static int ig_too_long(const ig_xml_reader *r, const xmlChar *value) {
    return value != NULL && r->max_value_bytes >= 0 && (int64_t)xmlStrlen(value) > r->max_value_bytes;
}

int ig_xml_reader_read(ig_xml_reader *r) {
    if (r->failed) return IG_XML_READ_ERROR;
    int rc = xmlTextReaderRead(r->reader);
    if (rc < 0 || r->failed) {
        if (!r->failed) { r->failed = 1; snprintf(r->message, sizeof r->message, "malformed XML"); }
        if (r->error_line <= 0) r->error_line = xmlTextReaderGetParserLineNumber(r->reader);
        return IG_XML_READ_ERROR;
    }
    if (rc == 0) return IG_XML_READ_END;
    int type = xmlTextReaderNodeType(r->reader);
    if (type == XML_READER_TYPE_DOCUMENT_TYPE)
        return ig_limit(r, "DOCTYPE declarations are not allowed (no DTDs, no entities)");
    if (type == XML_READER_TYPE_ENTITY_REFERENCE)
        return ig_limit(r, "entity references are not allowed");
    if (xmlTextReaderDepth(r->reader) > r->max_depth) {
        char message[128];
        snprintf(message, sizeof message, "elements nest deeper than the limit of %d", r->max_depth);
        return ig_limit(r, message);
    }
    if (type == XML_READER_TYPE_ELEMENT) {
        xmlNodePtr node = xmlTextReaderCurrentNode(r->reader);
        for (xmlAttrPtr a = node ? node->properties : NULL; a != NULL; a = a->next) {
            for (xmlNodePtr child = a->children; child != NULL; child = child->next)
                if (ig_too_long(r, child->content))
                    return ig_limit(r, "an attribute value is longer than the value size limit");
        }
    } else if (ig_too_long(r, xmlTextReaderConstValue(r->reader))) {
        return ig_limit(r, "a text value is longer than the value size limit");
    }
    return IG_XML_READ_NODE;
}

int ig_xml_reader_node_type(ig_xml_reader *r) { return xmlTextReaderNodeType(r->reader); }
int ig_xml_reader_depth(ig_xml_reader *r) { return xmlTextReaderDepth(r->reader); }
int ig_xml_reader_is_empty_element(ig_xml_reader *r) { return xmlTextReaderIsEmptyElement(r->reader); }

const char *ig_xml_reader_local_name(ig_xml_reader *r) {
    const xmlChar *name = xmlTextReaderConstLocalName(r->reader);
    return name ? (const char *)name : "";
}
const char *ig_xml_reader_namespace_uri(ig_xml_reader *r) {
    const xmlChar *uri = xmlTextReaderConstNamespaceUri(r->reader);
    return uri ? (const char *)uri : "";
}
const char *ig_xml_reader_value(ig_xml_reader *r) {
    const xmlChar *value = xmlTextReaderConstValue(r->reader);
    return value ? (const char *)value : "";
}

const char *ig_xml_reader_attribute(ig_xml_reader *r, const char *name) {
    xmlFree(r->attribute);
    r->attribute = xmlTextReaderGetAttribute(r->reader, BAD_CAST name);
    return (const char *)r->attribute;
}

/* With XML_PARSE_BIG_LINES, libxml2 keeps lines past 65,535 only on text nodes (in psvi, the line
 * where the text ended); elements get 65535. A text node right inside or after an element starts on
 * the line where the element's tag ended: its end line minus the newlines it contains. */
static long ig_text_start_line(xmlNodePtr text) {
    if (text == NULL || text->type != XML_TEXT_NODE || text->line != 65535 || text->psvi == NULL) return -1;
    long line = (long)(ptrdiff_t)text->psvi;
    for (const xmlChar *c = text->content; c != NULL && *c != '\0'; c++)
        if (*c == '\n') line--;
    return line;
}

int ig_xml_reader_line(ig_xml_reader *r) {
    xmlNodePtr node = xmlTextReaderCurrentNode(r->reader);
    if (node == NULL) return xmlTextReaderGetParserLineNumber(r->reader);
    if (node->type == XML_ELEMENT_NODE && node->line == 65535) {
        long line = ig_text_start_line(node->children);
        if (line < 0) line = ig_text_start_line(node->next);
        if (line > 0) return (int)line;
        return xmlTextReaderGetParserLineNumber(r->reader);
    }
    long line = xmlGetLineNo(node);
    return line > 0 ? (int)line : xmlTextReaderGetParserLineNumber(r->reader);
}

int64_t ig_xml_reader_byte_offset(ig_xml_reader *r) { return (int64_t)xmlTextReaderByteConsumed(r->reader); }
const char *ig_xml_reader_error_message(const ig_xml_reader *r) { return r->message; }
int ig_xml_reader_error_line(const ig_xml_reader *r) { return r->error_line; }
