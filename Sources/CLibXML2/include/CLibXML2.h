#ifndef CLIBXML2_BRIDGE_H
#define CLIBXML2_BRIDGE_H
/* Placeholder: the GraphML work replaces this with the bridge's own functions. */
int ig_xml_bridge_version(void);
#endif
