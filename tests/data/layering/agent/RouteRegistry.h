// an agent header: the engine never includes it
