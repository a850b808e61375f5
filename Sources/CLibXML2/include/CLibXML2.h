#ifndef CLIBXML2_BRIDGE_H
#define CLIBXML2_BRIDGE_H

/*
 * Our own face of libxml2. libxml2 on this system is built with ICU and its headers clash with
 * Foundation's when imported into Swift, so the .c files include libxml2 privately and this header
 * exposes only opaque types and plain C values. Strings are UTF-8, NUL-terminated.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- writer (xmlTextWriter) */

/* A streaming XML writer onto a file descriptor. Output goes through our own write callback, which
 * retries short writes and remembers errno, so a full disk or closed pipe becomes an error. */
typedef struct ig_xml_writer ig_xml_writer;

/* NULL when libxml2 cannot allocate the writer. The descriptor is not closed by the writer. */
ig_xml_writer *ig_xml_writer_open_fd(int fd, int indent);
void ig_xml_writer_free(ig_xml_writer *writer);

/* Each returns 0 on success, -1 on failure (then see ig_xml_writer_errno / ig_xml_writer_message). */
int ig_xml_writer_start_document(ig_xml_writer *writer);
int ig_xml_writer_end_document(ig_xml_writer *writer);
int ig_xml_writer_start_element(ig_xml_writer *writer, const char *name);
int ig_xml_writer_end_element(ig_xml_writer *writer);
int ig_xml_writer_attribute(ig_xml_writer *writer, const char *name, const char *value);
/* Escaped character data (&, <, >, CR are written as references). */
int ig_xml_writer_text(ig_xml_writer *writer, const char *value);
/* <name>value</name> with value escaped. */
int ig_xml_writer_text_element(ig_xml_writer *writer, const char *name, const char *value);
/* <name attribute="attribute_value">text</name> in one call (the hot path of GraphML <data>). */
int ig_xml_writer_element_with_attribute(ig_xml_writer *writer, const char *name, const char *attribute,
                                         const char *attribute_value, const char *text);
int ig_xml_writer_flush(ig_xml_writer *writer);

/* Bytes handed to the descriptor so far (after a flush: all bytes written). */
int64_t ig_xml_writer_bytes_written(const ig_xml_writer *writer);
/* errno of the first failed write(2), or 0. */
int ig_xml_writer_errno(const ig_xml_writer *writer);

/* ---------------------------------------------------------------- reader (xmlTextReader) */

/* A pull parser configured to be safe by construction: no network (XML_PARSE_NONET), no DTD
 * loading, no entity substitution, no XML_PARSE_HUGE, plus our own bounds on element depth and
 * on the size of any single text or attribute value. */
typedef struct ig_xml_reader ig_xml_reader;

enum {
    IG_XML_NODE_ELEMENT = 1,
    IG_XML_NODE_TEXT = 3,
    IG_XML_NODE_CDATA = 4,
    IG_XML_NODE_ENTITY_REFERENCE = 5,
    IG_XML_NODE_PROCESSING_INSTRUCTION = 7,
    IG_XML_NODE_COMMENT = 8,
    IG_XML_NODE_DOCUMENT_TYPE = 10,
    IG_XML_NODE_WHITESPACE = 13,
    IG_XML_NODE_SIGNIFICANT_WHITESPACE = 14,
    IG_XML_NODE_END_ELEMENT = 15,
};

/* Result of ig_xml_reader_read. */
enum {
    IG_XML_READ_NODE = 1,
    IG_XML_READ_END = 0,
    IG_XML_READ_ERROR = -1,
    /* Our bounds (depth, value size) or a DOCTYPE stopped the parse. */
    IG_XML_READ_LIMIT = -2,
};

/* NULL when the file cannot be opened (errno is set). */
ig_xml_reader *ig_xml_reader_open_file(const char *path, int max_depth, int64_t max_value_bytes);
/* Reads from memory; the buffer must outlive the reader. */
ig_xml_reader *ig_xml_reader_open_memory(const char *bytes, int length, int max_depth,
                                         int64_t max_value_bytes);
void ig_xml_reader_free(ig_xml_reader *reader);

int ig_xml_reader_read(ig_xml_reader *reader);
int ig_xml_reader_node_type(ig_xml_reader *reader);
int ig_xml_reader_depth(ig_xml_reader *reader);
int ig_xml_reader_is_empty_element(ig_xml_reader *reader);
/* Valid until the next read. */
const char *ig_xml_reader_local_name(ig_xml_reader *reader);
const char *ig_xml_reader_namespace_uri(ig_xml_reader *reader);
const char *ig_xml_reader_value(ig_xml_reader *reader);
/* The attribute's value (no namespace), or NULL. Valid until the next call of this function or read. */
const char *ig_xml_reader_attribute(ig_xml_reader *reader, const char *name);
/* Line of the parser's current position (1-based). */
int ig_xml_reader_line(ig_xml_reader *reader);
/* Bytes consumed from the input so far. */
int64_t ig_xml_reader_byte_offset(ig_xml_reader *reader);
/* After an error: libxml2's (or our) message and the line it names; "" / 0 when none. */
const char *ig_xml_reader_error_message(const ig_xml_reader *reader);
int ig_xml_reader_error_line(const ig_xml_reader *reader);

/* ---------------------------------------------------------------- XSD validation */

typedef struct ig_xml_schema ig_xml_schema;

/* Parses an XSD file (imports resolve relative to it; no network). On failure returns NULL and
 * copies the first error into error (at most error_size bytes, NUL-terminated). */
ig_xml_schema *ig_xml_schema_open(const char *path, char *error, size_t error_size);
void ig_xml_schema_free(ig_xml_schema *schema);
/* 0 when the document is valid; 1 when invalid or unreadable, with the first error (and its line)
 * in error. The document is parsed with XML_PARSE_NONET and no entity substitution. */
int ig_xml_schema_validate_file(ig_xml_schema *schema, const char *path, char *error, size_t error_size);
int ig_xml_schema_validate_memory(ig_xml_schema *schema, const char *bytes, int length, char *error,
                                  size_t error_size);

#ifdef __cplusplus
}
#endif

#endif
