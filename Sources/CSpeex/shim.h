#include <speex/speex.h>
