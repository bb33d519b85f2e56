"""Placeholder until its owner lands the page."""

import streamlit as st

st.info("建设中")
