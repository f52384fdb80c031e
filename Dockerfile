# Runtime image for dozvon: build the jar first (mvn -B -q -DskipTests package), then docker build .
# Not built on the development machines (they have no Docker engine); k8s/dozvon.yaml expects it as dozvon:latest.
FROM eclipse-temurin:17-jre
RUN useradd --system --home /app dozvon && mkdir -p /app/data /etc/dozvon && chown -R dozvon /app
WORKDIR /app
COPY target/dozvon.jar /app/dozvon.jar
COPY conf/dozvon.yaml /etc/dozvon/dozvon.yaml
USER dozvon
EXPOSE 8080 5060/udp 5060/tcp
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:MaxGCPauseMillis=20", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/dozvon.jar"]
CMD ["--config", "/etc/dozvon/dozvon.yaml"]
