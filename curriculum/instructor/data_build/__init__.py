"""Instructor tools for the datasets: rebuild the shipped files from pinned packages, generate the
scoring stream and its drift log (which stays with instructors: module 07 asks learners to find it).
"""
