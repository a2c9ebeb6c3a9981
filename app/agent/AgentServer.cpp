#include "AgentServer.h"
