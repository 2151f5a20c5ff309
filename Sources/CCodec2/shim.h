#include <codec2/codec2.h>
