#include "metrics/Labels.h" // a folder the table does not know: forbidden
