// zlib from Debian's zlib1g-dev, for reading gzipped BtrPlace instances.
#include <zlib.h>
