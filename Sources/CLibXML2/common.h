#ifndef CLIBXML2_COMMON_H
#define CLIBXML2_COMMON_H
/* Private to the C target: the only place libxml2's headers are included. */
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <string.h>

void ig_xml_init(void);
/* Copies "line N: message" (or just the message) without its trailing newline. */
void ig_xml_copy_error(char *destination, size_t size, const char *message, int line);
#endif
