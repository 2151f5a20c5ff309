#include <gsm.h>
