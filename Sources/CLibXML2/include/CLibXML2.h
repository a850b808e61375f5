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

/* ---------------------------------------------------------------- byte sink */

/* A large output buffer onto a file descriptor, handed to write(2) in big chunks (short writes
 * retried). Errors are sticky: after a failed write(2) every call is a no-op and ig_xml_sink_errno
 * says why, so the caller checks once in a while instead of after every call. */
typedef struct ig_xml_sink ig_xml_sink;

/* NULL when out of memory. The descriptor is not closed by the sink. */
ig_xml_sink *ig_xml_sink_open_fd(int fd);
void ig_xml_sink_free(ig_xml_sink *sink);
/* Bytes as they are (markup the caller knows to be well-formed). */
void ig_xml_sink_raw(ig_xml_sink *sink, const char *bytes, size_t length);
/* A decimal integer. */
void ig_xml_sink_int(ig_xml_sink *sink, int64_t value);
/* UTF-8 character data, escaped as xmlTextWriterWriteString does (&, <, >, " and CR as references)
 * after replacing the characters XML 1.0 forbids (C0 controls but tab, LF, CR; U+FFFE; U+FFFF) by
 * U+FFFD. Returns how many characters were replaced. */
int64_t ig_xml_sink_text(ig_xml_sink *sink, const char *text, size_t length);
/* A JSON string literal (quotes included) as character data: JSON escapes for ", \, LF, CR, tab, other
 * C0 controls and U+FFFE/U+FFFF (\u00XX, lower-case hex), then &, <, >, " as references; so the
 * result is legal XML 1.0 and reads back as exactly the given string. */
void ig_xml_sink_json_string(ig_xml_sink *sink, const char *text, size_t length);
/* Writes out the buffer; 0, or -1 with ig_xml_sink_errno set. */
int ig_xml_sink_flush(ig_xml_sink *sink);
/* Bytes accepted so far (written once flushed). */
int64_t ig_xml_sink_bytes_written(const ig_xml_sink *sink);
/* errno of the first failed write(2), or 0. */
int ig_xml_sink_errno(const ig_xml_sink *sink);

/* ---------------------------------------------------------------- writer (xmlTextWriter) */

/* A streaming XML writer (libxml2's xmlTextWriter) whose output goes into a sink, so libxml2's
 * markup and the sink's own bytes interleave in order once the writer is flushed. */
typedef struct ig_xml_writer ig_xml_writer;

/* NULL when libxml2 cannot allocate the writer. The sink must outlive the writer. */
ig_xml_writer *ig_xml_writer_open_sink(ig_xml_sink *sink, int indent);
void ig_xml_writer_free(ig_xml_writer *writer);

/* Each returns 0 on success, -1 on failure (then see ig_xml_writer_errno). */
int ig_xml_writer_start_document(ig_xml_writer *writer);
int ig_xml_writer_end_document(ig_xml_writer *writer);
int ig_xml_writer_start_element(ig_xml_writer *writer, const char *name);
int ig_xml_writer_end_element(ig_xml_writer *writer);
int ig_xml_writer_attribute(ig_xml_writer *writer, const char *name, const char *value);
/* Escaped character data (&, <, >, CR are written as references). */
int ig_xml_writer_text(ig_xml_writer *writer, const char *value);
/* <name>value</name> with value escaped. */
int ig_xml_writer_text_element(ig_xml_writer *writer, const char *name, const char *value);
/* <name attribute="attribute_value">text</name> in one call. */
int ig_xml_writer_element_with_attribute(ig_xml_writer *writer, const char *name, const char *attribute,
                                         const char *attribute_value, const char *text);
/* Pushes everything libxml2 holds into the sink (not to the descriptor: see ig_xml_sink_flush). */
int ig_xml_writer_flush(ig_xml_writer *writer);
/* errno of the sink's first failed write(2), or 0. */
int ig_xml_writer_errno(const ig_xml_writer *writer);

/* libxml2's own escaping of character data (xmlEncodeSpecialChars), malloc'd; free with
 * ig_xml_free. The reference ig_xml_sink_text is tested against. NULL when out of memory. */
char *ig_xml_encode_special_chars(const char *text);
void ig_xml_free(void *pointer);

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
