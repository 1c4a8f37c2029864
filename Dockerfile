# xproj workbench: the Streamlit app on the bundled demo corpus (CPU only).
#   docker build -t xproj .
#   docker run -p 8501:8501 -v xproj-ws:/data xproj      # then open http://localhost:8501
# The workspace (SQLite) lives in /data; mount a volume to keep projects and corrections.
# The command line runs from the same image: docker run --entrypoint python xproj -m xproj_core --help

# ---- build stage: compilers for eflomal's C extension, wheels into a venv ----------------------
FROM python:3.11-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential \
 && rm -rf /var/lib/apt/lists/*
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY requirements.txt ./
# torch first, from the CPU wheel index and pinned as in requirements.txt (the default index would
# pull a multi-GB CUDA build); the requirements then find it already satisfied.
RUN pip install --index-url https://download.pytorch.org/whl/cpu "torch==2.13.0" \
 && pip install -r requirements.txt

# ---- runtime stage --------------------------------------------------------------------------
FROM python:3.11-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 xproj \
 && mkdir -p /data && chown xproj:xproj /data
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    XPROJ_WORKSPACE=/data/xproj.sqlite \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false \
    STREAMLIT_SERVER_HEADLESS=true
WORKDIR /app
COPY --chown=xproj:xproj app.py pyproject.toml README.md ./
COPY --chown=xproj:xproj .streamlit ./.streamlit
COPY --chown=xproj:xproj pages ./pages
COPY --chown=xproj:xproj xproj_core ./xproj_core
COPY --chown=xproj:xproj assets ./assets
USER xproj
VOLUME ["/data"]
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl --fail http://localhost:8501/_stcore/health || exit 1
ENTRYPOINT ["streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0"]
