print("clickbench: not yet")
