"""yamlsource"""
