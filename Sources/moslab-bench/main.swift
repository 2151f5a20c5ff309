print("moslab-bench: under construction")
