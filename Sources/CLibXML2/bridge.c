#include "CLibXML2.h"
int ig_xml_bridge_version(void) { return 1; }
