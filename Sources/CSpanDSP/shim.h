// spandsp: only the modules MOSLab uses (G.722, G.726), not the whole <spandsp.h> (which pulls in libtiff).
#include <inttypes.h>
#include <spandsp/telephony.h>
#include <spandsp/g722.h>
#include <spandsp/g726.h>
