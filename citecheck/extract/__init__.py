"""Text in, references and citations out. Nothing here touches the network."""
