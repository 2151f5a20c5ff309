print("moslab: under construction")
