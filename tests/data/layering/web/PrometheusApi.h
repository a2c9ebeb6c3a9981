// a web/ header: the engine never includes it
